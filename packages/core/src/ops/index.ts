export { columnPositionUnsupported } from "./column-position.js";
export type { IdentityOptionsInput } from "./column-setting-operations.js";
export type { CreateIndexOptions, UsingIndexOption } from "./constraint-operations.js";
export type {
  CheckDefinition,
  ColumnDefinition,
  ColumnSpec,
  ConstraintDefinition,
  Deferrable,
  DroppedConstraintDefinition,
  ForeignKeyDefinition,
  GeneratedSpec,
  IdentitySpec,
  IndexDefinition,
  IndexKey,
  IndexKeyOptions,
  JsonValue,
  Named,
  NameInput,
  NotNullDefinition,
  PolicyCommand,
  PolicyDefinition,
  PrimaryKeyDefinition,
  QualifiedName,
  ReferentialAction,
  ReplacedIndex,
  SequenceOptions,
  TableDefinition,
  UniqueDefinition,
  ViewDefinition,
} from "./definitions.js";
export { IrreversibleOperationError } from "./irreversible-operation-error.js";
export type {
  ColumnDefinitionInput,
  ColumnInput,
  ConstraintDefinitionInput,
  ForeignKeyInput,
  IndexDefinitionInput,
  IndexKeyInput,
  ReplacedIndexInput,
} from "./normalize-definitions.js";
export type { Op, OpSink } from "./op.js";
export { createOp } from "./op.js";
export type {
  AddCheck,
  AddColumn,
  AddEnumValue,
  AddForeignKey,
  AddNotNull,
  AddPrimaryKey,
  AddUnique,
  AlterColumn,
  AlterColumnCollation,
  AlterColumnIdentity,
  AlterIndexStorage,
  AlterSequence,
  BulkInsert,
  ColumnPosition,
  CreateEnum,
  CreateIndex,
  CreatePolicy,
  CreateSchema,
  CreateSequence,
  CreateSyncTrigger,
  CreateTable,
  CreateView,
  DependentsExcept,
  DisableRowLevelSecurity,
  DropColumn,
  DropConstraint,
  DropEnum,
  DropIndex,
  DropPolicy,
  DropSchema,
  DropSequence,
  DropSyncTrigger,
  DropTable,
  DropView,
  EnableRowLevelSecurity,
  EnumColumn,
  Execute,
  IdentityOptions,
  Operation,
  OperationKind,
  OperationOf,
  RebuildEnum,
  RenameColumn,
  RenameConstraint,
  RenamedDependentsColumn,
  RenameEnum,
  RenameEnumValue,
  RenameIndex,
  RenameSequence,
  RenameTable,
  RequireNoDependents,
  RequireValuesFit,
  SetTableComment,
  SyncTriggerDefinition,
  ValidateConstraint,
} from "./operation.js";
export { OPERATION_KINDS } from "./operation.js";
export type { OperationFactories } from "./operations.js";
export { operations } from "./operations.js";
export { replacementSteps } from "./replacement-steps.js";
export { reverse, reverseAll } from "./reverse.js";
export type { SyncTriggerPairInput } from "./sync-trigger-operations.js";
export type { AlterColumnInput, TableInput } from "./table-operations.js";
export type { BulkValueInput, RebuildEnumOptions } from "./type-operations.js";
export { isWideningType } from "./type-widening.js";
export type { PolicyInput, ViewInput } from "./view-operations.js";
