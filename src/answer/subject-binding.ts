import { normalize } from '../text/normalize.js';
import { maskSpans } from '../text/phrases.js';
import { samePeriod, type FigureMention } from './figure-context.js';
import { isMeasured } from './quantities.js';
import { remember, type VerifierLexicon } from './verifier-lexicon.js';

/**
 * What a figure is a figure of: the content words of its part of the clause (its subject, the
 * indicator, the technology, the year words), as one signature in both languages (the plan's
 * English names stand for its Chinese terms). An answer's figure must be the value of the
 * evidence's figures whose subject it shares most: "the 2003-2010 cumulative share was 50%"
 * when the evidence says 23.4% of that, or "lead dust: 180,000 tonnes" when 180,000 tonnes is
 * the lead-use figure, name a figure of the evidence for another subject.
 */
/** Weight of a term shared by fewer than a third of the figures: it names a subject. */
const DISTINCTIVE = Math.log(1 + 3);

export class SubjectIndex {
  private readonly signatures: Array<Set<string>>;
  /** Signatures with the sentence's lead added: how much a figure of the answer's value may share. */
  private readonly broad: Array<Set<string>>;
  private readonly weight = new Map<string, number>();
  /** Each figure's own distinctive subject terms (`specific`). */
  private readonly specifics: string[][];
  /** Figures whose own words name nothing (a bare series' later values): their signature is their clause's. */
  private readonly unworded: Set<FigureMention>;

  constructor(
    private readonly mentions: readonly FigureMention[],
    private readonly lexicon: VerifierLexicon,
  ) {
    this.signatures = mentions.map((mention) => this.signature(mention));
    this.broad = mentions.map((mention, index) => new Set([...this.signatures[index]!, ...this.tokens(mention.lead)]));
    const counts = new Map<string, number>();
    for (const signature of this.signatures) for (const token of signature) counts.set(token, (counts.get(token) ?? 0) + 1);
    // Rarer words say more about which figure is meant.
    for (const [token, count] of counts) this.weight.set(token, Math.log(1 + this.signatures.length / count));
    this.specifics = this.signatures.map((signature) => this.specific(signature));
    this.unworded = new Set(mentions.filter((mention) => this.tokens(mention.window).size === 0));
  }

  /**
   * How much subject an answer figure shares with the evidence figures of its value (`own`),
   * and with those of another value of its unit family (`other`, with the best of them);
   * `stated`: whether the evidence has the answer figure's value at all. `subject`: words that
   * stand for the figure's own where it has none (the question a bare "2.456 million tonnes." answers).
   * `unnamed`: the subject terms the figure is said of are named by another figure's words and by
   * none of its own value's ("lead in wastewater: 2,000 tonnes" where 2,000 tonnes is only ever lead dust).
   * A figure named by none but the pack's common terms is unnamed too where one of them is rare among this
   * evidence's figures, no mention of its value has it, and each names a subject the answer does not
   * ("lead use: 2,000 tonnes a year" where 2,000 tonnes is lead dust and lead use is 180,000).
   * `series`: the answer's figure heads a bare series of its clause (the figures after it have no words of their own).
   * `question`: what the user asked, whose subject a figure whose words (and its sentence's lead) name none is said of.
   */
  compare(figure: FigureMention, among?: ReadonlySet<FigureMention>, subject?: string, series = false, question?: string): { own: number; other: number; best: FigureMention | undefined; stated: boolean; unnamed: boolean } {
    // A figure in a bare series ("80%, 70%, 90%") has no subject words of its own to bind it by.
    const windowTokens = this.tokens(figure.window);
    // A figure whose own words name no subject of their own ("this technology's penetration to reach 70%") is said of what its sentence's lead names.
    const written = figure.lead.trim() && this.specific(windowTokens).length === 0 ? new Set([...windowTokens, ...this.tokens(figure.lead)]) : windowTokens;
    // A figure whose words (and its sentence's lead) name no subject of their own ("the share was 23.4%") is said of what the question asks about.
    // Only when its words are the pack's generic terms ("share", "target") and words of cadence, status or modality ("cumulatively"), nothing more ("lead use" has lead).
    const asked = !(written.size === 0 && subject) && question !== undefined && this.namesNothing(figure, written !== windowTokens);
    const signature = written.size === 0 && subject ? this.tokens(subject) : asked ? new Set([...written, ...this.tokens(question)]) : written;
    // Only a figure said of a named subject (a pollutant, a technology, an indicator) is bound: "its penetration" is no subject.
    // Terms most figures share ("penetration") name nothing in particular.
    const terms = this.specific(signature);
    // A figure named only by a common term ("lead use") is bound by it where this evidence gives that term to few figures
    // and every mention of the figure's value names a subject of its own the answer does not ("lead dust").
    const common = terms.length ? [] : [...signature].filter((token) => token.startsWith('term:') && (this.weight.get(token) ?? 0) >= DISTINCTIVE);
    let ownElsewhere = common.length > 0;
    let commonOther: FigureMention | undefined;
    let own = 0;
    let other = 0;
    let best: FigureMention | undefined;
    let stated = false;
    let ownTerms = false;
    let otherTerms: FigureMention | undefined;
    const owned: Array<{ lead: string; clause: string; score: number; narrow: number; named: boolean }> = [];
    const rivalLeads = new Set<string>();
    // A bare answer ("20,000.") is bound by the question, which names its subject in full.
    const bareAnswer = written.size === 0 && subject !== undefined;
    const ownSaid = new Set<string>();
    const otherNamed = new Set<string>();
    const bareNumber = !isMeasured(figure.quantity);
    const counted = new Set(bareNumber ? this.mentions.filter((mention) => (!among || among.has(mention)) && figure.keys.some((key) => mention.keys.includes(key))).map((mention) => mention.quantity.family) : []);
    this.mentions.forEach((mention, index) => {
      if (among && !among.has(mention)) return;
      // A bare number ("70 demonstration enterprises") is any mention of its value, whatever its unit; its rivals are bare
      // numbers and figures of the units its value is counted in ("20,000 heads" against 60,000 enterprises' heads).
      const same = figure.keys.some((key) => mention.keys.includes(key));
      if (mention.quantity.family !== figure.quantity.family && !(bareNumber && (same || counted.has(mention.quantity.family)))) return;
      // Another figure of another year is no rival: "the 2015 target" is not the 2010 figure, whatever its subject.
      if (!same && !samePeriod(figure, mention)) return;
      // Read as the question's, a figure is judged against figures of its own stated time only (the question's subject is that of other years' figures too: "44.3%" against the 2015 target of 60%).
      if (!same && asked && !(figure.periods.length && mention.periods.length)) return;
      // A figure of the answer's value may share its sentence's lead too; another figure only its own part.
      const tokens = same ? this.broad[index]! : this.signatures[index]!;
      let score = 0;
      for (const token of signature) if (tokens.has(token)) score += this.weight.get(token) ?? 0;
      if (same) {
        stated = true;
        own = Math.max(own, score);
        let narrow = 0;
        for (const token of signature) if (this.signatures[index]!.has(token)) narrow += this.weight.get(token) ?? 0;
        owned.push({ lead: mention.lead, clause: mention.clause, score, narrow, named: terms.some((token) => this.signatures[index]!.has(token)) });
        if (bareAnswer) for (const token of this.tokens(mention.sentence)) ownSaid.add(token);
        if (terms.some((token) => tokens.has(token))) ownTerms = true;
        if (common.some((token) => tokens.has(token)) || !this.specifics[index]!.some((token) => !signature.has(token))) ownElsewhere = false;
      }
      else if (common.some((token) => tokens.has(token))) commonOther ??= mention;
      else if (terms.some((token) => tokens.has(token))) {
        otherTerms ??= mention;
        if (bareAnswer) for (const token of terms) if (tokens.has(token)) otherNamed.add(token);
        if (mention.lead.trim()) rivalLeads.add(mention.lead);
        if (score > other) {
          other = score;
          best = mention;
        }
      }
    });
    // A lead the best rival shares (the same sentence: "audit training: 60,000 heads trained, 20,000 enterprises audited") favours neither.
    if (best?.lead.trim()) own = Math.max(0, ...owned.map((entry) => (entry.lead === best!.lead ? entry.narrow : entry.score)));
    // So does a rival of a bare series bound by its clause's words alone, where that clause gives the answer's value too and the
    // answer heads a bare series of its own ("promote A and B (2015 penetration 100%, 60%)": A and B are the 60%'s no more than the 100%'s).
    if (series && best && this.unworded.has(best) && owned.some((entry) => entry.clause === best!.clause)) own = Math.max(own, other);
    // So with the subject terms: a lead a rival figure that names them shares (its sentence's) does not name them for the figure's value.
    if (ownTerms && otherTerms && owned.every((entry) => !entry.lead.trim() || rivalLeads.has(entry.lead)) && !owned.some((entry) => entry.named)) ownTerms = false;
    if (ownElsewhere && commonOther && stated) return { own, other, best: commonOther, stated, unnamed: true };
    // A term of the question another figure is said of, and that no sentence stating the answer's value has, names that figure.
    if (bareAnswer && stated && [...otherNamed].some((token) => !ownSaid.has(token))) return { own, other, best: best ?? otherTerms, stated, unnamed: true };
    return { own, other, best: best ?? otherTerms, stated, unnamed: stated && !ownTerms && otherTerms !== undefined };
  }

  /** Whether a figure's words (its lead's too, where `lead`) are only the pack's generic terms, once its cue words (cadence, status, modality) are taken out. */
  private namesNothing(figure: FigureMention, lead: boolean): boolean {
    const text = normalize(lead ? `${figure.lead} ${figure.window}` : figure.window);
    return [...this.read(maskSpans(text, this.lexicon.cues.find(text)))].every((token) => token.startsWith('term:') && this.lexicon.genericTerms.has(token.slice('term:'.length)));
  }

  /** The distinctive subject terms of a signature: glossary terms few of the evidence's figures share, not the pack's common ones. */
  private specific(signature: ReadonlySet<string>): string[] {
    return [...signature].filter((token) => token.startsWith('term:') && !this.lexicon.genericTerms.has(token.slice('term:'.length)) && (this.weight.get(token) ?? 0) >= DISTINCTIVE);
  }

  /** The subject words of a figure's window (its clause when the window has none). */
  signature(mention: FigureMention): Set<string> {
    const own = this.tokens(mention.window);
    return own.size ? own : this.tokens(mention.clause);
  }

  /** Whether a text has any subject words. */
  names(text: string): boolean {
    return this.tokens(text).size > 0;
  }

  private tokens(text: string): Set<string> {
    const cached = this.lexicon.memo.tokens.get(text);
    if (cached) return cached;
    const tokens = this.read(text);
    remember(this.lexicon.memo.tokens, text, tokens);
    return tokens;
  }

  private read(text: string): Set<string> {
    const tokens = new Set<string>();
    let rest = normalize(text);
    for (const match of this.lexicon.english.find(rest)) {
      for (const term of match.value) tokens.add(`term:${term}`);
      rest = rest.slice(0, match.index) + ' '.repeat(match.end - match.index) + rest.slice(match.end);
    }
    for (const match of this.lexicon.chinese.find(rest)) tokens.add(`term:${match.matched}`);
    for (const word of this.lexicon.words(rest)) {
      if (/^[\d.,%]+$/u.test(word) || this.lexicon.functionWords.has(word)) continue;
      if (/\p{Script=Han}/u.test(word)) {
        if ([...word].length >= 2) tokens.add(`word:${word}`);
        continue;
      }
      for (const part of word.split(/[^a-z]+/u)) {
        if (part.length < 3 || this.lexicon.functionWords.has(part)) continue;
        const root = this.lexicon.contentStem(part);
        if (!this.lexicon.functionStems.has(root)) tokens.add(`stem:${root}`);
      }
    }
    return tokens;
  }
}
