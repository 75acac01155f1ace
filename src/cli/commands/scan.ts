// `codeward scan PATH...`: finds vulnerable code in files, directories or stdin and reports it as
// text, JSON or SARIF. Exit code: 0 clean, 1 findings at or above --severity, 2 usage or file errors.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatJson, formatText } from '../../analysis/report.js';
import { defaultRuleIndex } from '../../analysis/rules.js';
import { toSarif } from '../../analysis/sarif.js';
import { scanSources } from '../../analysis/scan-files.js';
import { CodewardError } from '../../shared/errors.js';
import { parseSeverity, parseTimeout, readInputs } from './source-input.js';

interface ScanFlags {
  format: string;
  severity: string;
  output?: string;
  language?: string;
  timeoutMs?: string;
}

const FORMATS = ['text', 'json', 'sarif'];

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Scan files, directories or stdin (-) for vulnerable code.')
    .argument('<paths...>', 'files or directories to scan; - reads stdin')
    .option('-f, --format <format>', 'output format: text, json or sarif', 'text')
    .option('-s, --severity <level>', 'report and fail on findings at or above this level: info, low, medium, high, critical', 'info')
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .option('-l, --language <language>', 'language of stdin, or of every file regardless of extension')
    .option('--timeout-ms <ms>', 'per-file time limit in milliseconds', '10000')
    .action(async (paths: string[], flags: ScanFlags) => {
      if (!FORMATS.includes(flags.format)) throw new CodewardError('invalid_input', `--format must be one of ${FORMATS.join(', ')}; got "${flags.format}".`);
      const minSeverity = parseSeverity(flags.severity);
      const timeoutMs = parseTimeout(flags.timeoutMs);
      const results = await scanSources(readInputs(paths, flags.language), { minSeverity, timeoutMs });
      const report =
        flags.format === 'sarif'
          ? `${JSON.stringify(toSarif(results, { rules: defaultRuleIndex() }), null, 2)}\n`
          : flags.format === 'json'
            ? formatJson(results)
            : formatText(results);
      if (flags.output) {
        try {
          writeFileSync(flags.output, report);
        } catch (err) {
          throw new CodewardError('file_unreadable', `Cannot write ${flags.output}: ${(err as Error).message}`);
        }
      } else {
        process.stdout.write(report);
      }
      const failed = results.some((r) => r.error);
      const found = results.some((r) => r.findings.length > 0);
      process.exitCode = failed ? 2 : found ? 1 : 0;
    });
}
