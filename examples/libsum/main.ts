// Calls the Go function add through the generated, fully typed module.
import { add } from './libsum.js';

console.log(`add(15, 27) = ${add(15, 27)}`);
