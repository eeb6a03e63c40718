package xnvme

/*
#include <stdlib.h>
#include "xb_xnvme.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unsafe"
)

// This file finds and loads libxnvme at run time, the way xNVMe's Python
// bindings do: XNVME_LIBRARY_PATH first, then the libdir pkg-config
// reports, then the system search path. A library that loads is checked
// for a supported version and for every symbol xbench calls before it is
// used.

// LibraryPathEnv is the environment variable that names libxnvme.so (or the
// directory holding it), tried before anything else.
const LibraryPathEnv = "XNVME_LIBRARY_PATH"

// libName is the library's name on the system search path.
const libName = "libxnvme.so"

// ErrLibraryNotFound is returned when no candidate gave a usable libxnvme.
var ErrLibraryNotFound = errors.New("libxnvme not found")

// Version is a libxnvme version.
type Version struct{ Major, Minor, Patch int }

// String formats the version as 0.7.5.
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// supportedVersions are the releases whose ABI xbench's layouts describe.
var supportedVersions = []Version{{0, 7, 4}, {0, 7, 5}}

// SupportedVersions are the libxnvme releases xbench drives.
func SupportedVersions() []Version { return append([]Version(nil), supportedVersions...) }

// Library is a loaded libxnvme of a supported version. It stays loaded for
// the life of the process; devices and queues may use it from any thread.
type Library struct {
	c       *C.struct_xb_xnvme_lib
	path    string
	version Version
	config  []string
}

// Path is what the library was loaded from.
func (l *Library) Path() string { return l.path }

// Version is the library's version, from xnvme_ver_major/minor/patch.
func (l *Library) Version() Version { return l.version }

// Config lists the library's build configuration (its xnvme_libconf
// entries), such as "conf: XNVME_BE_LINUX_ENABLED".
func (l *Library) Config() []string { return append([]string(nil), l.config...) }

// Candidate is one place to look for libxnvme.
type Candidate struct {
	// Source says where the candidate comes from: LibraryPathEnv,
	// "pkg-config" or "system search path".
	Source string
	// Path is what to dlopen: a file, or a bare name for the system search
	// path. It is empty when the source gave nothing to try.
	Path string
	// Skipped says why the source gave nothing to try.
	Skipped string
}

// Attempt is what happened to one candidate.
type Attempt struct {
	Candidate
	// Err says why the candidate was not used; nil for the one loaded.
	Err error
}

// String describes the attempt on one line.
func (a Attempt) String() string {
	switch {
	case a.Path == "":
		return fmt.Sprintf("%s: %s", a.Source, a.Skipped)
	case a.Err != nil:
		return fmt.Sprintf("%s: %s: %v", a.Source, a.Path, a.Err)
	}
	return fmt.Sprintf("%s: %s: loaded", a.Source, a.Path)
}

// LoadReport says whether libxnvme loaded and, place by place, where it
// was looked for: the equivalent of the Python bindings' is_loaded.
type LoadReport struct {
	// Library is the library loaded, nil if none was.
	Library *Library
	// Attempts lists every candidate in the order tried.
	Attempts []Attempt
}

// Err is nil when a library loaded. Otherwise it wraps ErrLibraryNotFound
// in one line naming every place tried and how to point xbench at the
// library.
func (r LoadReport) Err() error {
	if r.Library != nil {
		return nil
	}
	tried := make([]string, len(r.Attempts))
	for i, a := range r.Attempts {
		tried[i] = a.String()
	}
	return fmt.Errorf("%w (%s): install xNVMe %s, or set %s to its libxnvme.so",
		ErrLibraryNotFound, strings.Join(tried, "; "), supportedList(), LibraryPathEnv)
}

// supportedList names the supported versions: "0.7.4 or 0.7.5".
func supportedList() string {
	s := make([]string, len(supportedVersions))
	for i, v := range supportedVersions {
		s[i] = v.String()
	}
	return strings.Join(s, " or ")
}

// DefaultCandidates lists where to look, in order: the path in
// XNVME_LIBRARY_PATH, libxnvme.so in the libdir that
// `pkg-config --variable=libdir xnvme` reports, and libxnvme.so on the
// system search path.
func DefaultCandidates() []Candidate {
	return []Candidate{envCandidate(os.Getenv(LibraryPathEnv)), pkgConfigCandidate(), {Source: "system search path", Path: libName}}
}

func envCandidate(v string) Candidate {
	c := Candidate{Source: LibraryPathEnv, Path: v}
	if v == "" {
		c.Skipped = "not set"
		return c
	}
	if fi, err := os.Stat(v); err == nil && fi.IsDir() {
		c.Path = filepath.Join(v, libName)
	}
	return c
}

func pkgConfigCandidate() Candidate {
	c := Candidate{Source: "pkg-config"}
	out, err := exec.Command("pkg-config", "--print-errors", "--variable=libdir", "xnvme").Output()
	libdir := strings.TrimSpace(string(out))
	switch {
	case err != nil:
		c.Skipped = firstLine(err)
	case libdir == "":
		c.Skipped = "pkg-config reports no libdir for xnvme"
	default:
		c.Path = filepath.Join(libdir, libName)
	}
	return c
}

// firstLine is the first line of a command's error output, or of err.
func firstLine(err error) string {
	var ee *exec.ExitError
	msg := err.Error()
	if errors.As(err, &ee) && len(strings.TrimSpace(string(ee.Stderr))) > 0 {
		msg = strings.TrimSpace(string(ee.Stderr))
	}
	line, _, _ := strings.Cut(msg, "\n")
	return line
}

// LoadDefault loads libxnvme from DefaultCandidates.
func LoadDefault() LoadReport { return Load(DefaultCandidates()) }

// Load tries the candidates in order and keeps the first that loads, has
// a supported version and every symbol xbench calls. Candidates that fail
// are unloaded again.
func Load(cands []Candidate) LoadReport {
	var r LoadReport
	for _, c := range cands {
		a := Attempt{Candidate: c}
		if c.Path != "" {
			r.Library, a.Err = open(c.Path)
		}
		r.Attempts = append(r.Attempts, a)
		if r.Library != nil {
			break
		}
	}
	return r
}

// open loads one library and checks it.
func open(path string) (*Library, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var why [256]C.char
	var c *C.struct_xb_xnvme_lib
	if rc := C.xb_xnvme_lib_open(cpath, &c, &why[0], C.size_t(len(why))); rc < 0 {
		// dlerror() starts with the path, which the attempt names already.
		return nil, errors.New(strings.TrimPrefix(C.GoString(&why[0]), path+": "))
	}
	l := &Library{c: c, path: path, version: Version{int(c.major), int(c.minor), int(c.patch)}}
	if err := l.checkABI(); err != nil {
		C.xb_xnvme_lib_close(c)
		return nil, err
	}
	if rc := C.xb_xnvme_lib_bind(c, &why[0], C.size_t(len(why))); rc < 0 {
		C.xb_xnvme_lib_close(c)
		return nil, fmt.Errorf("xNVMe %s lacks the symbol %s that xbench calls", l.version, C.GoString(&why[0]))
	}
	for p := c.libconf; p != nil && *p != nil; p = (**C.char)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(*p))) {
		l.config = append(l.config, C.GoString(*p))
	}
	return l, nil
}

// checkABI refuses versions whose layouts xbench does not know: the main
// branch, which still says 0.7.5, is told apart by its libconf symbol.
func (l *Library) checkABI() error {
	supported := false
	for _, v := range supportedVersions {
		supported = supported || v == l.version
	}
	switch {
	case l.c.abi == C.XB_XNVME_ABI_MAIN:
		return fmt.Errorf("xNVMe %s from the unreleased main branch (it has xnvme_libconf_get), whose ABI differs from the releases: xbench supports the released ABI of %s",
			l.version, supportedList())
	case !supported:
		return fmt.Errorf("xNVMe %s is not supported: xbench supports the released ABI of %s", l.version, supportedList())
	case l.c.abi != C.XB_XNVME_ABI_07:
		return fmt.Errorf("xNVMe %s has no xnvme_libconf array, as the %s releases do: an unknown build", l.version, supportedList())
	}
	return nil
}
