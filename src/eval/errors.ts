import { PitcrewError } from "../domain/errors.js";

/** A problem with the eval's input or options (missing corpus, a fold that must stay hidden). */
export class EvalInputError extends PitcrewError {
  constructor(code: string, message: string) {
    super(code, message, false);
  }
}
