import { isReadOnlyKey } from './auth.js';
import { hashHex, uuidFromSeed } from './hashing.js';
import type { StoredModel } from './lifecycle.js';
import { type SortKey, compareSortKeys, searchSorted } from './pagination.js';
import type { Owner } from './wire-format.js';

export function modelSortKey(model: StoredModel): SortKey {
  return [model.createdUs, model.id];
}

/** Everything one API key sees. Held by a hash of the key, never the key itself. */
export class Tenant implements Owner {
  readonly creatorId: string;
  readonly organizationId: string;
  private readonly byId = new Map<string, StoredModel>();
  /** Live models in list order (created_at, then id); deleted ones stay findable in `byId` as tombstones. */
  private readonly listed: StoredModel[] = [];

  constructor(
    readonly hash: string,
    readonly readOnly: boolean,
  ) {
    this.creatorId = uuidFromSeed(`creator:${hash}`);
    this.organizationId = uuidFromSeed(`organization:${hash}`);
  }

  get models(): readonly StoredModel[] {
    return this.listed;
  }

  private positionOf(model: StoredModel): number {
    const keyAt = (index: number) => modelSortKey(this.listed[index] as StoredModel);
    return searchSorted(this.listed.length, keyAt, modelSortKey(model), false);
  }

  add(model: StoredModel): void {
    this.byId.set(model.id, model);
    this.listed.splice(this.positionOf(model), 0, model);
  }

  /** The live model with this id; deleted models are gone for every route. */
  find(id: string): StoredModel | undefined {
    const model = this.byId.get(id);
    return model?.deletedUs === undefined ? model : undefined;
  }

  unlist(model: StoredModel): void {
    const position = this.positionOf(model);
    const found = this.listed[position];
    if (found && compareSortKeys(modelSortKey(found), modelSortKey(model)) === 0) this.listed.splice(position, 1);
  }
}

export class TenantRegistry {
  private readonly tenants = new Map<string, Tenant>();

  /** `seed` supplies the demo models a tenant starts with, when it is created at its key's first request. */
  constructor(private readonly seed: (key: string) => StoredModel[]) {}

  forKey(key: string): Tenant {
    const hash = hashHex(key);
    const existing = this.tenants.get(hash);
    if (existing) return existing;
    const tenant = new Tenant(hash, isReadOnlyKey(key));
    for (const model of this.seed(key)) tenant.add(model);
    this.tenants.set(hash, tenant);
    return tenant;
  }
}
