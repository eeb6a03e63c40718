package workload

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// WithEngine returns a copy of j that runs on another ioengine, as a
// comparison of engines needs: ioengine is set to engine, then settings
// (that engine's own options, such as xnvme_async) are applied in order,
// with the checks a job file gets. globals are the global settings j was
// built with. An engine option among them or among j's own options that the
// new engine does not define is an error, as it would be in a job file: the
// job cannot run on that engine as written.
//
// The copy's Options end with the new settings (ioengine first), so that
// reports show what ran.
func (j *Job) WithEngine(engine string, settings []Setting, globals []Setting) (*Job, error) {
	return j.withEngine(engine, settings, globals, optionIndex)
}

// withEngine is WithEngine with the option definitions to use.
func (j *Job) withEngine(engine string, settings, globals []Setting, options map[string]*optionDef) (*Job, error) {
	c := *j
	c.CPUsAllowed = slices.Clone(j.CPUsAllowed)
	c.Options = slices.DeleteFunc(slices.Clone(j.Options), func(s Setting) bool { return s.Name == "ioengine" })
	b := builder{options: options}
	at := map[string]position{}
	for _, s := range append([]Setting{{Name: "ioengine", Value: engine}}, settings...) {
		set, err := b.apply(&c, optionLine{at: position{file: j.Source}, key: s.Name, value: s.Value, hasValue: true}, at)
		if err != nil {
			return nil, fmt.Errorf("%s=%s: %s", s.Name, s.Value, messageOf(err))
		}
		c.Options = append(c.Options, set)
	}
	for _, s := range slices.Concat(globals, j.Options) {
		o := options[s.Name]
		if o != nil && len(o.info.Engines) > 0 && !slices.Contains(o.info.Engines, c.IOEngine) {
			return nil, fmt.Errorf("job %s sets %s, an option of ioengine=%s only", j.Name, s.Name, strings.Join(o.info.Engines, "|"))
		}
	}
	return &c, nil
}

// messageOf returns a ParseError's message without its file and line.
func messageOf(err error) string {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Msg
	}
	return err.Error()
}

// KnownEngine reports whether name is an ioengine that xbench implements
// or that fio has, so that a caller can tell a typing mistake from an
// engine this xbench cannot run.
func KnownEngine(name string) bool {
	return slices.ContainsFunc(engineChoices, func(c enumChoice[string]) bool { return c.name == name }) ||
		slices.Contains(fioEngineNames, name)
}
