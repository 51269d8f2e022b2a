// What test/setup/database.ts provides to every test file through vitest's `inject`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `mongodb://127.0.0.1:<port>/` of the throw-away database this test run started. */
    dbUri: string;
  }
}
