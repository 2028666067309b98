-- a line comment
/* a block /* nested */ comment */ create table c1 (x int); -- trailing
/* unterminated at end? no */
-- cslint-disable-next-statement require-concurrent-index-creation -- small table
create index c1_x on c1 (x);
-- cslint-disable missing-if-not-exists
create table c2 (y int);
-- cslint-enable missing-if-not-exists
