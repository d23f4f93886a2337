// Command-line entry: `node out/test/mock/cli.js [--port N] [--host H] [--provider ID] [--strict] [--api-key K] [--demo]`.
// Prints `MOCK_URL=...` on stdout once listening (scripts parse it) and one line per request on
// stderr: method, path, status and time only, never header values, since those carry keys.
import { parseArgs } from 'util';
import { isProviderId, providerIds } from './providers';
import { MockMessagesServer, type MockServerOptions, type ResponseLogEntry } from './server';

const usage = `usage: cli.js [--port N] [--host H] [--provider ${providerIds.join('|')}] [--strict] [--api-key K] [--demo]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

const cliOptions = {
  port: { type: 'string' },
  host: { type: 'string' },
  provider: { type: 'string' },
  strict: { type: 'boolean' },
  'api-key': { type: 'string' },
  demo: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

// Return type inferred: parseArgs types `values` from cliOptions.
function readArgs(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: cliOptions, strict: true }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** Turns argv into server options, or exits with the usage text. */
export function parseCliOptions(argv: readonly string[]): MockServerOptions {
  const values = readArgs(argv);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port: ${values.port ?? ''}`);
  const provider = values.provider ?? 'anthropic';
  if (!isProviderId(provider)) fail(`unknown --provider: ${provider}`);
  return {
    port,
    host: values.host ?? '127.0.0.1',
    provider,
    strict: values.strict ?? false,
    apiKey: values['api-key'],
    demo: values.demo ?? false,
  };
}

function logLine(entry: ResponseLogEntry): string {
  const outcome = entry.completed ? String(entry.status) : `${String(entry.status)} (connection closed early)`;
  return `${entry.method} ${entry.path} ${outcome} ${String(entry.durationMs)}ms\n`;
}

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  const server = await MockMessagesServer.start({ ...options, onResponse: (entry) => process.stderr.write(logLine(entry)) });
  process.stdout.write(`MOCK_URL=${server.url}\n`);
  const shutdown = (): void => {
    process.off('SIGINT', shutdown);
    process.off('SIGTERM', shutdown);
    // Nothing else holds the event loop, so the process exits once the server has closed.
    void server.close();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`mock server failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
