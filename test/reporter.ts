// Mocha reporter for every test level: prints like `spec` and, when CLAUDE_ASSISTANT_RESULTS
// names a file, writes the counts there so that `npm test` can total all levels in one line.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.CLAUDE_ASSISTANT_RESULTS;
      if (!file) return;
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending }));
    });
  }
}

export = CountingSpecReporter;
