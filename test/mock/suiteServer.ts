// One mock server for the tests of a describe block, in the unit tests and inside the extension host.
import { MockMessagesServer, type MockServerOptions } from './server';

/**
 * Call inside a describe: the server listens before its tests and closes after them; before each
 * test it forgets what the last one queued and recorded (`reset`) and is given `eachTest` again, so
 * what a test configured does not reach the next. Its `url` is known once the tests run.
 */
export function mockServerForSuite(options: MockServerOptions = {}, eachTest?: Partial<MockServerOptions>): MockMessagesServer {
  const server = MockMessagesServer.create(options);
  before(() => server.listen());
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    if (eachTest) server.configure(eachTest);
  });
  return server;
}
