#!/usr/bin/env node
// Kept in source control so that package managers can link the bin before `dist/` is built.
import '../dist/cli.js';
