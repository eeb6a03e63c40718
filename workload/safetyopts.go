package workload

// This file is fio's options that let a job touch what it would otherwise
// leave alone (HOWTO "Target file/device"): files it must create, and
// devices in use.

// Safety holds what a job is allowed to do to its files and devices.
type Safety struct {
	// AllowFileCreate lets the job create the files it needs
	// (allow_file_create); without it a missing file is an error.
	AllowFileCreate bool
	// AllowMountedWrite lets the job write to a device that holds a
	// mounted filesystem, a partition table, or an LVM or RAID member
	// (allow_mounted_write).
	AllowMountedWrite bool
}

// safetyOptions are fio's allow_* options.
var safetyOptions = []*optionDef{
	boolOpt("allow_file_create", "1", `Create the files the job needs; without it a missing file is an error (fio HOWTO "Target file/device", allow_file_create)`,
		func(j *Job, v bool) { j.Safety.AllowFileCreate = v }),
	boolOpt("allow_mounted_write", "0", `Write to a device that holds a mounted filesystem, a partition table, or an LVM or RAID member (fio HOWTO "Target file/device", allow_mounted_write)`,
		func(j *Job, v bool) { j.Safety.AllowMountedWrite = v }),
}
