/** Turns texts into vectors. Implementations are stateless apart from configuration. */
export interface Embedder {
  /**
   * Identifies the vectors this embedder makes: it changes whenever the same text could get
   * a different vector (model, parameters, glossary), and the index is rebuilt when it does.
   */
  readonly id: string;
  /** Length of every vector; 0 only for a remote model whose size is learned on the first call. */
  readonly dimensions: number;
  /** One vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
}
