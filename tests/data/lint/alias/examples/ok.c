/* the words void ** in a comment are fine */
