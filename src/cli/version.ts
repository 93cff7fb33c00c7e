// kpw's version: the one constant in src/core/config/version.ts (also the
// language server's serverInfo), checked against package.json by test/cli/cli.test.ts.
export { KPW_VERSION } from '../core/config/version';
