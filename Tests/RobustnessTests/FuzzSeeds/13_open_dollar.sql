select $x$ open dollar
