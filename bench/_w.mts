import { measure } from './build-wait';
const r = await measure('node', [process.env.KPW_SERVER!, '--stdio'], { abis: ['x86_64'] });
console.log(process.env.KPW_SERVER, 'p50', r[0].median.toFixed(1), 'min', r[0].min.toFixed(1), 'max', r[1].max.toFixed(1));
