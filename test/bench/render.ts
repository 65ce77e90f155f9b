import fs from 'node:fs';
import { writeReport, type BenchResults } from './report';

/** `node scripts/bench.js render <results.json>`: prints a stored run's report and rewrites its JSON and chart. */
const file = process.argv[3];
if (!file) throw new Error('usage: node scripts/bench.js render docs/performance/bench-full.json');
process.stdout.write(writeReport(JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults));
