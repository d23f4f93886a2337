// `npm run bench:startup`: bundle and VSIX sizes, and activation time inside the real extension
// host (code-server 4.100.3), against a do-nothing baseline extension activated in the same host.
//
//   node out/scripts/benchStartup.js [--runs N]
//
// Each run waits for the host to settle before activating, and the cost over the baseline is the
// median of the runs' own differences, in wall time and in the host process's CPU time, with the
// middle half of those differences (25th to 75th percentile) to show how far one run can be trusted.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { makeTempDir, withTimeout } from '../test/host/cleanup';
import { CodeServer, repoRoot } from '../test/host/codeServer';
import { Workbench } from '../test/host/workbench';

const KB = 1024;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 11;

interface ProbeResult {
  baselineMs: number;
  extensionMs: number;
  baselineCpuMs: number;
  extensionCpuMs: number;
  activateBodyMs: number;
  clientLoadMs: number;
  chatLoadMs: number;
}

function size(file: string): number {
  return fs.statSync(path.join(repoRoot, file)).size;
}

/** Packs a do-nothing extension, so that the host's own cost of activating anything is measured too. */
function packBaseline(dir: string): string {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'activation-baseline', publisher: 'bench', version: '0.0.1', license: 'MIT',
    engines: { vscode: '^1.100.0' }, main: './extension.js', activationEvents: [],
    repository: { type: 'git', url: 'https://example.invalid/baseline' },
  }));
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = () => undefined;\n');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const vsix = path.join(dir, 'baseline.vsix');
  execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: dir, stdio: 'ignore' });
  return vsix;
}

async function measureOnce(baselineVsix: string, workspace: string, resultsFile: string, oursFirst: boolean): Promise<ProbeResult> {
  fs.rmSync(resultsFile, { force: true });
  const server = await CodeServer.start({
    vsix: baselineVsix,
    folder: workspace,
    env: { CLAUDE_ASSISTANT_BENCH_RESULTS: resultsFile, CLAUDE_ASSISTANT_BENCH_ORDER: oursFirst ? 'ours-first' : 'baseline-first' },
  });
  let workbench: Workbench | undefined;
  try {
    workbench = await Workbench.open({
      server,
      folder: workspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'scripts', 'bench', 'activationProbe'),
    });
    const code = await withTimeout(workbench.exitCode, 120_000, 'the activation probe');
    if (code !== 0 || !fs.existsSync(resultsFile)) throw new Error(`the activation probe failed (exit ${code})`);
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ProbeResult;
  } finally {
    await workbench?.close();
    await server.stop();
  }
}

/** The `p` quantile (0 to 1), interpolated between the two nearest values. */
function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const below = Math.floor(at);
  return sorted[below] + (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]) * (at - below);
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** "3.1 ms (2.0 to 4.2)": the median and the middle half of the values. */
function spread(values: number[]): string {
  return `${median(values).toFixed(1)} ms (${quantile(values, 0.25).toFixed(1)} to ${quantile(values, 0.75).toFixed(1)})`;
}

async function main(): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string };
  if (manifest.main !== './dist/extension.js' || fs.existsSync(path.join(repoRoot, 'dist', 'extension.js.map'))) {
    throw new Error('dist/ is not a production build: run `npm run package` first');
  }
  const sizes = {
    'dist/extension.js': size('dist/extension.js'),
    'dist/chat.js': size('dist/chat.js'),
    'dist/client.js': size('dist/client.js'),
    'dist/webview.js': size('dist/webview.js'),
    'dist/webview.css': size('dist/webview.css'),
    'claude-assistant.vsix': size('claude-assistant.vsix'),
  };
  const temp = makeTempDir('claude-assistant-bench-');
  try {
    const baselineDir = path.join(temp.dir, 'baseline');
    const workspace = path.join(temp.dir, 'workspace');
    fs.mkdirSync(baselineDir);
    fs.mkdirSync(workspace);
    const baselineVsix = packBaseline(baselineDir);
    const results: ProbeResult[] = [];
    for (let run = 0; run < runs; run++) {
      // Alternate which extension activates first, so that neither always pays for a cold host.
      const result = await measureOnce(baselineVsix, workspace, path.join(temp.dir, 'probe.json'), run % 2 === 1);
      results.push(result);
      console.log(`run ${run + 1}/${runs}: baseline ${result.baselineMs.toFixed(1)} ms (CPU ${result.baselineCpuMs.toFixed(1)} ms), Claude Assistant ${result.extensionMs.toFixed(1)} ms (CPU ${result.extensionCpuMs.toFixed(1)} ms; activate() body ${result.activateBodyMs.toFixed(1)} ms), chat bundle load ${result.chatLoadMs.toFixed(1)} ms, client bundle load ${result.clientLoadMs.toFixed(1)} ms`);
    }
    const baseline = median(results.map((r) => r.baselineMs));
    const ours = median(results.map((r) => r.extensionMs));
    const baselineCpu = median(results.map((r) => r.baselineCpuMs));
    const oursCpu = median(results.map((r) => r.extensionCpuMs));
    // Paired: each run's two activations shared a host, so their difference cancels that host's mood.
    const over = results.map((r) => r.extensionMs - r.baselineMs);
    const overCpu = results.map((r) => r.extensionCpuMs - r.baselineCpuMs);
    const body = median(results.map((r) => r.activateBodyMs));
    const client = median(results.map((r) => r.clientLoadMs));
    const chat = median(results.map((r) => r.chatLoadMs));
    const rows = [
      ['dist/extension.js (minified)', `${(sizes['dist/extension.js'] / KB).toFixed(1)} KB`, '≤ 300 KB'],
      ['dist/chat.js (minified, loaded when the view resolves or a command runs)', `${(sizes['dist/chat.js'] / KB).toFixed(1)} KB`, ''],
      ['dist/client.js (minified, loaded on first request)', `${(sizes['dist/client.js'] / KB).toFixed(1)} KB`, ''],
      ['dist/webview.js + webview.css', `${((sizes['dist/webview.js'] + sizes['dist/webview.css']) / KB).toFixed(1)} KB`, ''],
      ['claude-assistant.vsix', `${(sizes['claude-assistant.vsix'] / KB).toFixed(1)} KB`, '≤ 1.5 MB'],
      [`activation in the real host, median of ${runs} (load + activate()), wall (host CPU)`, `${ours.toFixed(1)} ms (${oursCpu.toFixed(1)} ms)`, '< 20 ms'],
      [`baseline: a do-nothing extension, same hosts`, `${baseline.toFixed(1)} ms (${baselineCpu.toFixed(1)} ms)`, ''],
      ['ratio to baseline', `${(ours / baseline).toFixed(2)}× (${(oursCpu / baselineCpu).toFixed(2)}×)`, ''],
      ['our own cost over the baseline, median of the runs\' differences (middle half), wall', spread(over), '≤ 5 ms'],
      ['the same in host CPU time', spread(overCpu), '≤ 5 ms'],
      ['activate() body alone, as the extension measures it', `${body.toFixed(1)} ms`, ''],
      ['loading dist/chat.js when the view first resolves', `${chat.toFixed(1)} ms`, ''],
      ['loading dist/client.js on the first request', `${client.toFixed(1)} ms`, ''],
    ];
    console.log('\n| Measure | Value | Target |\n|---|---|---|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  } finally {
    temp.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
