// The start of every name the gateway gives in Redis (leases, histories, channels, idempotency keys). Bumped
// whenever what is stored changes shape, so that instances of two versions never read each other's state.
export const REDIS_PREFIX = 'finetuning-gateway:v1:';
