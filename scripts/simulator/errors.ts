/**
 * An error that a state raises inside the simulated workflow, named as Step Functions
 * names it (`States.TaskFailed`, `Textract.ThrottlingException`). Retry and Catch see it.
 */
export class StatesError extends Error {
  /** Error name, such as `States.DataLimitExceeded`. */
  readonly error: string;
  /** Human-readable cause. */
  override readonly cause: string;
  /**
   * False for failures no Catch can handle, such as a state output over the payload
   * limit, which fails the execution itself.
   */
  readonly catchable: boolean;

  constructor(error: string, cause: string, catchable = true) {
    super(`${error}: ${cause}`);
    this.name = "StatesError";
    this.error = error;
    this.cause = cause;
    this.catchable = catchable;
  }
}

/**
 * A definition feature the simulator does not model. It stops the simulation, because
 * skipping the feature would give results that AWS would not.
 */
export class UnsupportedFeatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedFeatureError";
  }
}

/** An input file of the simulation is missing, unreadable or invalid. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputFileError";
  }
}

/** The simulation cannot run, for example because the stack was never synthesized. */
export class SimulationSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationSetupError";
  }
}

/**
 * A call whose Arguments AWS would reject before doing anything, such as a missing Key.
 * The simulation stops with the state and the field, because the exact error AWS would
 * report is not modelled.
 */
export class InvalidCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidCallError";
  }
}
