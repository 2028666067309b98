print("cslint")
