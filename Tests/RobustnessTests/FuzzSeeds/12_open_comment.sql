create table t (a int);
/* open comment
