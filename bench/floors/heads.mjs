#!/usr/bin/env node
// Floor of `athanor heads`: list and stat every revision file (see README.md).
import { listAndStat } from "./list-and-stat.mjs";

const files = listAndStat(process.argv[2]);
if (files === 0) throw new Error(`no revision files in ${process.argv[2]}`);
