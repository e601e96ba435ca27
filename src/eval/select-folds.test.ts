import { describe, expect, it } from "vitest";
import { EvalInputError } from "./errors.js";
import { assertNoTestFold } from "./misses.js";
import { selectFolds } from "./select-folds.js";

describe("selectFolds", () => {
  it.each([
    [{}, [0, 1, 2, 3, 4]],
    [{ misses: true }, [1, 2, 3, 4]],
    [{ fold: "0" }, [0]],
    [{ folds: "4, 1,2,1" }, [1, 2, 4]],
  ])("%o → %o", (opts, folds) => {
    expect(selectFolds(opts)).toEqual(folds);
  });

  it.each([{ fold: "5" }, { folds: "1,x" }, { folds: "" }, { fold: "1", folds: "2" }])(
    "rejects %o",
    (opts) => {
      expect(() => selectFolds(opts)).toThrow(EvalInputError);
    },
  );
});

describe("assertNoTestFold", () => {
  it("refuses any selection that includes fold 0", () => {
    expect(() => assertNoTestFold([0, 1])).toThrow(/frozen test set/);
    expect(() => assertNoTestFold([1, 2, 3, 4])).not.toThrow();
  });
});
