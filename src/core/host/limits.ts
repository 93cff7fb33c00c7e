// The input limits of the file host, served from the one table of limits (src/core/limits.ts)
// under the names the host and its readers use.

export { formatBytes, LIMITS, type LimitName } from '../limits';
