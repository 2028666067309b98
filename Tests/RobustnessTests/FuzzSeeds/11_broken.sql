select 'unterminated
