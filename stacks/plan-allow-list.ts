/** A destroy or replacement in prod that a reviewer accepted, with the reason. */
export interface AllowedPlanChange {
  /** Stack the change is planned in. */
  readonly stack: string;
  /** Terraform address of the resource, as the plan prints it. */
  readonly address: string;
  /** Reason losing or recreating this resource is acceptable. */
  readonly reason: string;
}

/**
 * Destroys and replacements of data-bearing resources that the plan rules let through.
 * Add an entry in the same pull request that plans the change, so the reason is reviewed
 * with it, and remove it once the change is deployed.
 */
export const PLAN_ALLOW_LIST: readonly AllowedPlanChange[] = [];
