/**
 * Password policy (README Decisions): no composition rules; at least PASSWORD_MIN_LENGTH characters (the form's
 * schema) and not guessable: zxcvbn-ts with its common dictionaries (leaked-password and common-word lists, keyboard
 * patterns, dates, repeats) must estimate at least 10^8 guesses (score 3). Applied whenever a password is set or
 * changed; existing passwords (the demo accounts') keep working.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator() {
  factory ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  return factory;
}

/** null when the password is strong enough, else the message key for the password field. */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  // zxcvbn's cost grows with length; the schema caps passwords at 128 characters
  const words = userInputs.flatMap((w) => [w, ...w.split(/[._\-\s@]+/)]).filter((w) => w.length >= 3);
  const result = estimator().check(password.slice(0, 128), words);
  return result.score >= MIN_PASSWORD_SCORE ? null : "err.passwordCommon";
}
