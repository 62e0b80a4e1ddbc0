export type { SchemaDifference } from "./diff-schema-models.js";
export { diffSchemaModels, formatSchemaDifferences } from "./diff-schema-models.js";
export {
  compareCodeUnits,
  emptySchemaModel,
  findTable,
  normalizeSchemaModel,
} from "./normalize-schema-model.js";
export type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ForeignKeyAction,
  ForeignKeyModel,
  GeneratedModel,
  IdentityModel,
  IndexKeyModel,
  IndexKeyOrdering,
  IndexModel,
  PolicyModel,
  PrimaryKeyModel,
  SchemaModel,
  SequenceModel,
  SequenceOptionsModel,
  TableModel,
  UniqueModel,
  ViewModel,
} from "./schema-model.js";
export { columnIndexModel } from "./schema-model.js";
export { type KeyedTable, uncoveredForeignKeys } from "./uncovered-foreign-keys.js";
