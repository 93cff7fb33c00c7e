// kpw's version, kept equal to package.json's by test/cli/version.test.ts.
export const KPW_VERSION = '0.1.0';
