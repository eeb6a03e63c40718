#!/bin/sh
# Regenerates the golden files from fio 3.33's own --showcmd; the showcmd
# test runs xbench with the same arguments (see cases in showcmd_test.go)
# and compares. Run from this directory.
set -e
cd "$(dirname "$0")"
export XB_SHOWCMD_SIZE=2m XB_SHOWCMD_BS=16
unset XB_SHOWCMD_UNSET
fio --showcmd globals.fio > globals.golden
fio --showcmd include.fio > include.golden
fio --showcmd env.fio > env.golden
fio --showcmd empty.fio > empty.golden
fio --showcmd globals.fio second.fio > two-files.golden
fio --showcmd --section=rand --section=b1 globals.fio second.fio > sections.golden
fio --showcmd --iodepth=3 --name=cmdline --ioengine=null --size=1m second.fio > cmdline.golden
fio --showcmd - < second.fio > stdin.golden
