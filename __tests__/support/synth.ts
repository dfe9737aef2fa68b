// The synth helpers live with the scripts, which use them too.
export * from "../../scripts/lib/synth";
