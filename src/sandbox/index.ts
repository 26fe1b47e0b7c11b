export type { FaultRule } from './faults.js';
export type { RouteName } from '../finetuning/contract.js';
export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
