// kpw's version, one constant for the CLI (`kpw --version`, SARIF) and the
// language server (serverInfo); kept equal to package.json's by
// test/cli/cli.test.ts ('KPW_VERSION matches package.json') and test/server/version.test.ts.

export const KPW_VERSION = '0.1.0';
