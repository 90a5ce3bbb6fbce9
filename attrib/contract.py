"""The contract between the core and a language: the terminals, grammar rules
and lexicon flags the code relies on. A language's grammar and word lists use
these names; ``grammars/README.md`` says what each one means."""

# Terminals the lexer makes from the text itself.
WORD = "WORD"  # a word the lexicon does not list
NAME = "NAME"  # ... written with a capital
NUM = "NUM"
DOMAIN = "DOMAIN"  # a web domain (the language's domain suffixes)
QUOTE = "QUOTE"  # a whole direct quotation
EOS = "EOS"  # the end of a unit
COMMA, COLON, DOT, DASH, PIPE, LPAR, RPAR, PUNCT = "COMMA", "COLON", "DOT", "DASH", "PIPE", "LPAR", "RPAR", "PUNCT"
KNOWN = "KNOWN"  # a name of the registry (added by the core, never listed)

# Terminals of the word lists that the core reads.
ROLE, OFFICE, ORG_HEAD, PLACE, ANON_NOUN = "ROLE", "OFFICE", "ORG_HEAD", "PLACE", "ANON_NOUN"
ANON_DET = "ANON_DET"  # seorang, para: an unnamed person or group (with a name after a comma: that person)
# A rank or honorific before a name (Kombes, Brigjen, Pak, Mr): a title word,
# never part of the person's name (attrib.core.resolve splits titled NPs with it).
RANK = "RANK"
# "of", "dari" inside a noun phrase: "Lt Col Jane Doe of the agency" is Jane Doe,
# with the agency her affiliation (attrib.core.resolve).
OF = "OF"
# A possessive ('s): a quotation right after one is a title or a name (Fox
# News's "Sunday Morning Futures"), never a speaker's words (attrib.core.frames).
POSS = "POSS"
BY, COPY, CREDIT_KEY, SOURCE_KEY = "BY", "COPY", "CREDIT_KEY", "SOURCE_KEY"
CLAUSE_BREAK, VIA, THAT, REL = "CLAUSE_BREAK", "VIA", "THAT", "REL"
# A terminal named CUE_* is a cue; one ending in _PRON carries its pronoun
# (``katanya``). These are the cue terminals the frame rules below name.
CUE_PREFIX, PRONOUN_SUFFIX = "CUE_", "_PRON"
CUE_PRE, CUE_PRE_PRON, CUE_POST, CUE_POST_PRON = "CUE_PRE", "CUE_PRE_PRON", "CUE_POST", "CUE_POST_PRON"
CUE_VERB, CUE_VERB_THAT, CUE_PASSIVE = "CUE_VERB", "CUE_VERB_THAT", "CUE_PASSIVE"
META_KEYS = frozenset({CREDIT_KEY, SOURCE_KEY})  # terminals that open a credit or source line

# Start rules: a frame around a cue, a noun phrase (a unit's subject) and a
# metadata line. The rules below them are named after the transformer's
# methods (``attrib.core.parse.FrameBuilder``).
FRAME, NP, META = "frame", "np", "meta"
START_RULES = (FRAME, NP, META)
SOURCES = "sources"  # the rule of a frame's sources (a subject's relative clause, if any, is in it)

# Flags of lexicon entries (``form<TAB>TERMINAL<TAB>flag=value;...``).
ID_FLAG = "id"  # a registry id (KNOWN)
COUNTRY_FLAG = "country"  # a place's country code
STATE_FLAG = "state"  # state media
KIND_FLAG = "kind"  # the source kind an ORG_HEAD makes
ROLE_FLAG = "role"  # a credit key's role
PRON_FLAG = "pron"  # the clitic that is a cue's pronoun
PERSON_FLAG = "person"  # a pronoun that stands for a person
BORDER_FLAG = "border"  # a cue the annotation guide counts as borderline
