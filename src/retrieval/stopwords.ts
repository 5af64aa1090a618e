/**
 * Words that carry no meaning for retrieval: question words and particles a user types,
 * and function words the plan uses everywhere. Kept short on purpose: BM25's idf already
 * discounts common words, and a content word dropped here can never be found.
 */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set([
  '的', '了', '和', '与', '及', '或', '等', '是', '在', '对', '为', '把', '被', '将', '由', '从', '向', '以',
  '其', '之', '并', '而', '且', '也', '都', '又', '就', '则', '于', '中', '上', '下', '个', '各', '这', '那',
  '有', '有关', '以及', '或者', '并且', '进一步', '要', '应', '应该', '需要', '可以', '能', '能否', '是否',
  '什么', '哪些', '哪个', '哪', '如何', '怎么', '怎样', '怎么样', '多少', '几', '吗', '呢', '吧', '啊', '呀',
  '请问', '请', '一下', '我', '我们', '你', '你们', '他们', '它', '咱们', '本', '该', '此', '这个', '那个',
  '关于', '对于', '根据', '按照', '通过', '有没有', '没有', '不', '还', '会', '让', '给', '说', '规定',
]);

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'for', 'in', 'on', 'at', 'to', 'from', 'by', 'with', 'and', 'or', 'as', 'is', 'are',
  'was', 'were', 'be', 'been', 'being', 'it', 'its', 'this', 'that', 'these', 'those', 'what', 'which', 'who',
  'whom', 'how', 'when', 'where', 'why', 'do', 'does', 'did', 'can', 'could', 'should', 'would', 'will',
  'shall', 'may', 'might', 'must', 'i', 'we', 'our', 'us', 'you', 'your', 'my', 'me', 'they', 'their', 'them',
  'there', 'about', 'any', 'some', 'please', 'tell', 'say', 'says', 'plan', 'if', 'than', 'so', 'into', 'per',
]);
