#!/usr/bin/env node
// Floor of `check`: import the project's Drizzle schema, already compiled to JavaScript (see README.md).
import { pathToFileURL } from "node:url";

const schema = await import(pathToFileURL(process.argv[2]).href);
if (Object.keys(schema).length === 0) throw new Error(`${process.argv[2]} exports nothing`);
