export { loadSpecValidator, VENDORS } from './spec-validator.ts';
export type {
  OperationInfo,
  OperationMatch,
  RequestToValidate,
  ResponseToValidate,
  SpecProblem,
  SpecValidator,
  Vendor,
} from './spec-validator.ts';
