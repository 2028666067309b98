select 'it''s', E'tab\there\\', B'1010', X'ff', N'nchar', U&'\0041' uescape '!', $$dollar 'quoted'$$,
  $tag$ nested $$ inside $tag$, 1_000_000, 0x1f, 0o17, 0b11, .5e-3, 1., "Quoted ""name""", U&"\0061b";
select 1::int, a[1:2], b->>'k', c #>> '{a,b}', :'psql_var', :"ident";
