import { UnsupportedFeatureError } from "./errors";
import type { JsonObject, JsonValue } from "./json";

/**
 * The workflow variables one scope can see. A state machine's top-level states share
 * one scope; each inline Map iteration gets a scope of its own that can read the outer
 * ones. A Distributed Map child starts with an empty scope and no parent, because it
 * cannot see the parent's variables (Step Functions developer guide, workflow variables).
 */
export class VariableScope {
  private readonly values = new Map<string, JsonValue>();

  constructor(private readonly parent?: VariableScope) {}

  /** Creates the scope of an inline Map iteration. */
  child(): VariableScope {
    return new VariableScope(this);
  }

  /** Returns every visible variable; inner values hide outer ones of the same name. */
  visible(): JsonObject {
    const outer = this.parent ? this.parent.visible() : {};
    return { ...outer, ...Object.fromEntries(this.values) };
  }

  /**
   * Stores the values of one Assign block. Values take effect together after the state,
   * so every expression of that state saw the old values.
   *
   * NOTE: assigning in an inner scope a name that an outer scope already has is not
   * modelled; the simulator rejects it instead of guessing.
   */
  assign(values: JsonObject, statePath: string): void {
    for (const [name, value] of Object.entries(values)) {
      if (this.parent?.has(name)) {
        throw new UnsupportedFeatureError(
          `State ${statePath} assigns variable "${name}", which an outer scope already has; the simulator does not model assigning outer variables from an inner scope, so rename the variable.`,
        );
      }
      this.values.set(name, value);
    }
  }

  private has(name: string): boolean {
    return this.values.has(name) || (this.parent?.has(name) ?? false);
  }
}
