export {
  CONTROL_CHARACTERS,
  escapeControlCharacter,
  hasControlCharacters,
  inertText,
  sqlComment,
} from "./inert-text.js";
