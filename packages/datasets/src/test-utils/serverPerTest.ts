import { afterEach, beforeEach } from 'vitest';
import { makeTestDataset, type TestDataset } from './idx';
import { startServer, type TestServer } from './server';
import { tempDir } from './tempDir';

/** What {@link serverPerTest} hands each test. */
export interface ServerFixture {
  /** A started test server, closed after the test. */
  server: TestServer;
  /** `makeTestDataset()`. */
  data: TestDataset;
  /** An empty temp folder, removed after the test. */
  tmp: Awaited<ReturnType<typeof tempDir>>;
}

/**
 * Before each test, a fresh {@link ServerFixture} handed to `set` (e.g. `({ server, data } = fixture)`);
 * after it, the server is closed and the temp folder removed.
 */
export function serverPerTest(set: (fixture: ServerFixture) => void): void {
  let fixture: ServerFixture | undefined;
  beforeEach(async () => {
    fixture = { server: await startServer(), data: makeTestDataset(), tmp: await tempDir() };
    set(fixture);
  });
  afterEach(async () => {
    await fixture?.server.close();
    await fixture?.tmp.cleanup();
  });
}
