/** The bounds on what a client may send with a question (documented in the README). */
export const MAX_QUESTION_LENGTH = 2000;
export const MAX_HISTORY_TURNS = 20;
export const MAX_TURN_LENGTH = 8000;
