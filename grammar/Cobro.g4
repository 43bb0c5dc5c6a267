// The Cobro language: one grammar for the whole language.
//
// The grammar is newline-insensitive: every clause starts with a keyword, so
// rows, rules and handlers need no separators. Words that only have meaning
// inside one clause are "soft" keywords: they are tokens of their own, but the
// `ident` rule accepts them so that strategy designers can still name a profile
// field `limit` or a state `agent`. Day names are hard keywords, because
// `forbid visit on sun` must not be read as the start of an `on` rule.
//
// Comments go to the hidden channel and doc comments (`///`) to channel 2, so
// they never cause syntax errors; the AST builder reads doc comments from the
// token stream and the formatter reads both. `grammar/README.md` maps every
// rule to the AST node it becomes.
grammar Cobro;

// ============================================================================
// Files, modules, imports
// ============================================================================

file : moduleDecl? importDecl* topDecl* EOF ;

moduleDecl : MODULE moduleName ;

importDecl : IMPORT moduleName (AS ident)? ;

// A module name is a path, so any word may be a segment: `examples.event`.
moduleName : moduleSegment (DOT moduleSegment)* ;

moduleSegment
  : ident
  | MODULE | IMPORT | PROFILE | EVENT | FN | BUILTIN | LET | SCORECARD | POLICY | FLOW
  | EXPERIMENT | TEST | STATE | TERMINAL | START | ALWAYS | ON | AFTER | WHEN | IF | THEN | ELSE
  | AND | OR | NOT | IN | IS | FOR | COMPLIES | GIVEN | EXPECT | TRUE | FALSE
  | MON | TUE | WED | THU | FRI | SAT | SUN | HOLIDAY
  ;

qualifiedName : ident (DOT ident)* ;

topDecl
  : profileDecl
  | eventDecl
  | fnDecl
  | builtinDecl
  | scorecardDecl
  | policyDecl
  | flowDecl
  | experimentDecl
  | testDecl
  ;

// ============================================================================
// Types, fields, parameters
// ============================================================================

// `event` is the type of an event name used as a value, in builtin signatures.
typeRef : qualifiedName (LT typeRef (COMMA typeRef)* GT)? | EVENT ;

fieldDecl : ident COLON typeRef (EQUALS expr)? COMMA? ;

paramList : param (COMMA param)* COMMA? ;

param : ident COLON typeRef ;

// ============================================================================
// profile, event, fn, builtin
// ============================================================================

profileDecl : PROFILE ident LBRACE fieldDecl* RBRACE ;

// `event contact.opened(channel: channel) { template: string }`: the
// parenthesised fields are the event's keys, which patterns match positionally.
eventDecl : EVENT qualifiedName (LPAREN paramList? RPAREN)? (LBRACE fieldDecl* RBRACE)? ;

fnDecl : FN ident LPAREN paramList? RPAREN ARROW typeRef fnBody ;

fnBody
  : EQUALS expr                      # exprBody
  | LBRACE letStmt* expr RBRACE      # blockBody
  ;

letStmt : LET ident (COLON typeRef)? EQUALS expr ;

// Only the standard library declares builtins; their bodies are C++.
builtinDecl : BUILTIN FN ident typeParams? LPAREN paramList? RPAREN ARROW typeRef ;

typeParams : LT typeParam (COMMA typeParam)* GT ;

typeParam : ident (COLON ident)? ;

// ============================================================================
// scorecard
// ============================================================================

scorecardDecl : SCORECARD ident LPAREN paramList? RPAREN BASE signedNumber LBRACE scoreRow* RBRACE ;

// The subject is a postfix expression so that `d.balance < 500.00` reads as a
// subject followed by a bin, not as one comparison.
scoreRow : postfixExpr scoreBin (COMMA scoreBin)* ;

scoreBin : binCondition FAT_ARROW signedNumber ;

binCondition
  : IN? interval                                 # binInterval
  | IS? binValue (DOTDOT binValue?)?             # binRange
  | IS? DOTDOT binValue                          # binRangeUpTo
  | relOp binValue                               # binCompare
  | ELSE                                         # binElse
  ;

interval : open=(LBRACK | LPAREN) binValue COMMA (binValue | DOTDOT) close=(RBRACK | RPAREN) ;

binValue : (PLUS | MINUS)? literal | ident ;

relOp : LT | LE | GT | GE | EQ | NE ;

signedNumber : (PLUS | MINUS)? (INT | DECIMAL) ;

// ============================================================================
// policy
// ============================================================================

policyDecl : POLICY ident LBRACE policyRule* RBRACE ;

policyRule : (label=ident COLON)? ruleBody ruleMeta* ;

ruleBody
  : LIMIT channelSel countKind? LE INT PER window scope?                          # limitRule
  | AFTER eventPattern QUIET channelSel FOR DURATION                              # quietRule
  | AFTER eventPattern ONE CHANNEL PER window                                     # oneChannelRule
  | ALLOW channelSel? schedule LOCAL?                                             # windowRule
  | FORBID channelSel (ON dayRange (COMMA dayRange)*)?                            # forbidRule
  | ON eventPattern (WHEN expr)? FORBID channelSel (EXCEPT channelSel)?
      (UNTIL eventPattern | FOR DURATION)?                                        # forbidAfterRule
  | GAP channelSel GE DURATION                                                    # gapRule
  | REQUIRE CONSENT FOR channelSel                                                # consentRule
  | REQUIRE DISCLOSURE STRING ON FIRST CONTACT                                    # disclosureRule
  | JURISDICTION STRING                                                           # jurisdictionRule
  | CALENDAR STRING                                                               # calendarRule
  ;

ruleMeta
  : CITE STRING                          # citeMeta
  | EFFECTIVE DATE (DOTDOT DATE)?        # effectiveMeta
  | CONFIDENCE ident                     # confidenceMeta
  ;

// `call`, `voice + sms`, `all`, or a channel bound by a pattern (`ch`).
channelSel : ident (PLUS ident)* ;

countKind : ATTEMPTS | CONVERSATIONS ;

window
  : DURATION                             # rollingWindow
  | INT CONSECUTIVE DAYS                 # consecutiveDaysWindow
  | CALENDAR unit=(DAY | WEEK | MONTH)   # calendarWindow
  ;

scope : PER (DEBT | DEBTOR) ;

schedule : scheduleItem (COMMA scheduleItem)* ;

scheduleItem : (dayRange (PLUS dayRange)*)? TIME DOTDOT TIME ;

dayRange : day (MINUS day)? ;

day : MON | TUE | WED | THU | FRI | SAT | SUN | HOLIDAY ;

// ============================================================================
// flow
// ============================================================================

flowDecl
  : FLOW ident FOR ident COLON typeRef (COMPLIES qualifiedName (COMMA qualifiedName)*)?
    LBRACE flowItem* RBRACE
  ;

flowItem
  : startRule
  | stateDecl
  | alwaysBlock
  ;

startRule : START (WHEN expr)? ARROW target ;

stateDecl : TERMINAL? STATE ident (LPAREN paramList? RPAREN)? LBRACE stateItem* RBRACE ;

stateItem
  : action
  | handler
  ;

alwaysBlock : ALWAYS LBRACE handler* RBRACE ;

action
  : SEND ident STRING withClause? retry? guard?         # sendAction
  | CALL ident STRING withClause? retry? guard?         # callAction
  | ASSIGN QUEUE STRING withClause? guard?              # assignAction
  | EMIT STRING withClause? guard?                      # emitAction
  ;

withClause : WITH recordLit ;

retry : EVERY expr UP TO INT ;

guard : WHEN expr ;

handler
  : ON eventPattern (WHEN expr)? ARROW target          # eventHandler
  | AFTER expr ARROW target                            # timerHandler
  ;

// `promise p`, `contact.opened(email)`, `opt_out(ch)`.
eventPattern : qualifiedName (LPAREN patternArg (COMMA patternArg)* RPAREN)? binding=ident? ;

patternArg : ident | literal ;

target
  : IF expr THEN target ELSE target                    # ifTarget
  | ident (LPAREN argList? RPAREN)?                    # stateTarget
  ;

// ============================================================================
// experiment
// ============================================================================

experimentDecl : EXPERIMENT ident FOR typeRef (SALT STRING)? LBRACE arm* RBRACE ;

arm : qualifiedName PERCENT ;

// ============================================================================
// test
// ============================================================================

testDecl : TEST STRING FOR ident LBRACE testItem* RBRACE ;

testItem
  : GIVEN typeRef recordLit                                                        # givenItem
  | AT timeSpec (EVENT qualifiedName recordLit?)? (ARROW EXPECT expectation (COMMA expectation)*)?  # stepItem
  ;

timeSpec
  : DATETIME                 # absoluteTime
  | DATE                     # absoluteDate
  | PLUS DURATION            # relativeTime
  ;

expectation
  : SEND ident STRING        # expectSend
  | CALL ident STRING        # expectCall
  | ASSIGN QUEUE STRING      # expectAssign
  | EMIT STRING              # expectEmit
  | STATE ident              # expectState
  | NO ACTION                # expectNoAction
  | BLOCKED BY qualifiedName # expectBlocked
  | DEFERRED BY qualifiedName # expectDeferred
  ;

// ============================================================================
// Expressions
// ============================================================================

// Precedence, tightest first: postfix, unary minus, * /, + -, comparisons and
// `in`, `not`, `and`, `or`, `if`.
expr
  : postfixExpr                                               # postfixOperand
  | MINUS expr                                                # negate
  | expr op=(STAR | SLASH) expr                               # multiply
  | expr op=(PLUS | MINUS) expr                               # add
  | expr op=(LT | LE | GT | GE | EQ | NE) expr                # compare
  | expr NOT? IN expr                                         # membership
  | NOT expr                                                  # not
  | expr AND expr                                             # and
  | expr OR expr                                              # or
  | IF expr THEN expr ELSE expr                               # if
  ;

postfixExpr : primary postfix* ;

postfix
  : DOT ident                                # memberPostfix
  | LPAREN argList? RPAREN                   # callPostfix
  ;

argList : expr (COMMA expr)* COMMA? ;

primary
  : literal                                  # literalPrimary
  | ident                                    # namePrimary
  | LPAREN expr RPAREN                       # parenPrimary
  | LBRACE (expr (COMMA expr)* COMMA?)? RBRACE   # setPrimary
  ;

recordLit : LBRACE (fieldInit (COMMA fieldInit)* COMMA?)? RBRACE ;

fieldInit : ident COLON expr ;

literal
  : INT | DECIMAL | STRING | DURATION | TIME | DATE | DATETIME | PERCENT | TRUE | FALSE
  ;

// Soft keywords are identifiers wherever a name is expected.
ident
  : IDENT
  | AS | BASE | LIMIT | ALLOW | FORBID | GAP | REQUIRE | QUIET | PER | CONSECUTIVE | DAYS
  | CALENDAR | DAY | WEEK | MONTH | ATTEMPTS | CONVERSATIONS | DEBT | DEBTOR | ONE | CHANNEL
  | EXCEPT | UNTIL | CONSENT | DISCLOSURE | FIRST | CONTACT | CITE | EFFECTIVE | CONFIDENCE
  | LOCAL | JURISDICTION | SEND | CALL | ASSIGN | QUEUE | EMIT | WITH | EVERY | UP | TO | AT
  | NO | ACTION | BLOCKED | DEFERRED | BY | SALT
  ;

// ============================================================================
// Lexer
// ============================================================================

// Hard keywords.
MODULE : 'module' ;
IMPORT : 'import' ;
PROFILE : 'profile' ;
EVENT : 'event' ;
FN : 'fn' ;
BUILTIN : 'builtin' ;
LET : 'let' ;
SCORECARD : 'scorecard' ;
POLICY : 'policy' ;
FLOW : 'flow' ;
EXPERIMENT : 'experiment' ;
TEST : 'test' ;
STATE : 'state' ;
TERMINAL : 'terminal' ;
START : 'start' ;
ALWAYS : 'always' ;
ON : 'on' ;
AFTER : 'after' ;
WHEN : 'when' ;
IF : 'if' ;
THEN : 'then' ;
ELSE : 'else' ;
AND : 'and' ;
OR : 'or' ;
NOT : 'not' ;
IN : 'in' ;
IS : 'is' ;
FOR : 'for' ;
COMPLIES : 'complies' ;
GIVEN : 'given' ;
EXPECT : 'expect' ;
TRUE : 'true' ;
FALSE : 'false' ;
MON : 'mon' ;
TUE : 'tue' ;
WED : 'wed' ;
THU : 'thu' ;
FRI : 'fri' ;
SAT : 'sat' ;
SUN : 'sun' ;
HOLIDAY : 'holiday' ;

// Soft keywords (see `ident`).
AS : 'as' ;
BASE : 'base' ;
LIMIT : 'limit' ;
ALLOW : 'allow' ;
FORBID : 'forbid' ;
GAP : 'gap' ;
REQUIRE : 'require' ;
QUIET : 'quiet' ;
PER : 'per' ;
CONSECUTIVE : 'consecutive' ;
DAYS : 'days' ;
CALENDAR : 'calendar' ;
DAY : 'day' ;
WEEK : 'week' ;
MONTH : 'month' ;
ATTEMPTS : 'attempts' ;
CONVERSATIONS : 'conversations' ;
DEBT : 'debt' ;
DEBTOR : 'debtor' ;
ONE : 'one' ;
CHANNEL : 'channel' ;
EXCEPT : 'except' ;
UNTIL : 'until' ;
CONSENT : 'consent' ;
DISCLOSURE : 'disclosure' ;
FIRST : 'first' ;
CONTACT : 'contact' ;
CITE : 'cite' ;
EFFECTIVE : 'effective' ;
CONFIDENCE : 'confidence' ;
LOCAL : 'local' ;
JURISDICTION : 'jurisdiction' ;
SEND : 'send' ;
CALL : 'call' ;
ASSIGN : 'assign' ;
QUEUE : 'queue' ;
EMIT : 'emit' ;
WITH : 'with' ;
EVERY : 'every' ;
UP : 'up' ;
TO : 'to' ;
AT : 'at' ;
NO : 'no' ;
ACTION : 'action' ;
BLOCKED : 'blocked' ;
DEFERRED : 'deferred' ;
BY : 'by' ;
SALT : 'salt' ;

// Literals. Longer forms come first where two rules match the same length.
DATETIME : DATE_PART [T ] TIME_PART ( 'Z' | [+-] DIGIT DIGIT ':' DIGIT DIGIT )? ;
DATE : DATE_PART ;
TIME : TIME_PART ;
DURATION : ( DIGIT+ ( 'ms' | 's' | 'm' | 'h' | 'd' | 'w' ) )+ ;
PERCENT : DIGIT+ ( '.' DIGIT+ )? '%' ;
DECIMAL : DIGIT+ '.' DIGIT+ ;
INT : DIGIT+ ;
STRING : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '"' ;
// Reported by the AST builder as an unterminated string, then read as a string.
UNTERMINATED_STRING : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '\\'? ;

IDENT : [\p{L}_] [\p{L}\p{N}_]* ;

// Punctuation.
ARROW : '->' ;
FAT_ARROW : '=>' ;
DOTDOT : '..' ;
DOT : '.' ;
COMMA : ',' ;
COLON : ':' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACE : '{' ;
RBRACE : '}' ;
LBRACK : '[' ;
RBRACK : ']' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
EQ : '==' ;
NE : '!=' ;
LE : '<=' ;
GE : '>=' ;
LT : '<' ;
GT : '>' ;
EQUALS : '=' ;

// Trivia. `////` dividers are ordinary comments, as in Rust.
DOC_COMMENT : '///' ( ~[/\r\n] ~[\r\n]* )? -> channel(2) ;
LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF -> channel(HIDDEN) ;
WS : [ \t\r\n\f\u00A0\uFEFF]+ -> skip ;

// Anything else is reported by the AST builder, then dropped.
ERROR_CHAR : . ;

fragment DIGIT : [0-9] ;
fragment DATE_PART : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
fragment TIME_PART : DIGIT DIGIT ':' DIGIT DIGIT ( ':' DIGIT DIGIT )? ;
