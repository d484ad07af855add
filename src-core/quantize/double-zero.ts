/**
 * Zero as a double, for class fields that will hold fractions (distances, travels, sums too large
 * for a small integer). V8 stores a field first set to an integer as an integer; when a fraction is
 * stored there later, every object of the class gets a new hidden class, and the code optimised for
 * the old one is thrown away ("wrong map" deopts, each costing a recompilation). −0 is a double,
 * and equals 0 wherever these fields are used (none is a divisor).
 */
export const DOUBLE_ZERO = -0;
