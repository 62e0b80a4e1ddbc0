export { BIDI_CONTROL_CHARACTERS, ESCAPED_CHARACTERS, hasEscapedCharacters } from "./bidi-controls.js";
export {
  CONTROL_CHARACTERS,
  escapeControlCharacter,
  hasControlCharacters,
  inertText,
  sqlComment,
} from "./inert-text.js";
export { mentionsName } from "./mentions-name.js";
export {
  hasNameControlCharacters,
  NAME_CONTROL_CHARACTERS,
  refuseNameControlCharacters,
} from "./name-controls.js";
export type { NextStep, NextStepPhrasing } from "./next-step.js";
export {
  currentNextStepPhrasing,
  LIBRARY_PHRASING,
  nextStep,
  phraseNextStepsWith,
  withNextStepPhrasing,
} from "./next-step.js";
export type { RawControlsDialect } from "./raw-controls.js";
export { concatenatedText, inertStatements } from "./raw-controls.js";
export { shortName, temporaryName } from "./short-name.js";
export { hideUrlSecrets, urlCarriesSecret } from "./url-secrets.js";
