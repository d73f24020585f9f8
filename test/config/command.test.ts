import { describe, expect, test } from 'vitest';
import { CommandSyntaxError, splitCommand } from '../../src/config/command.js';

describe('splitCommand', () => {
  test.each([
    ['node backend.mjs', ['node', 'backend.mjs']],
    ['  python3   -m  uvicorn main:app  ', ['python3', '-m', 'uvicorn', 'main:app']],
    [`python3 -c 'print("hi there")'`, ['python3', '-c', 'print("hi there")']],
    [`echo "it's" 'a "b"'`, ['echo', "it's", 'a "b"']],
    [String.raw`echo a\ b c`, ['echo', 'a b', 'c']],
    [String.raw`echo "a \"q\" \$x \n"`, ['echo', String.raw`a "q" $x \n`]],
    [String.raw`echo 'no \escapes'`, ['echo', String.raw`no \escapes`]],
    [`echo "" ''`, ['echo', '', '']],
    [`--flag="a b"c`, ['--flag=a bc']],
    ['echo $HOME *.db | cat; x', ['echo', '$HOME', '*.db', '|', 'cat;', 'x']],
    ['a\tb\nc', ['a', 'b', 'c']],
    ['', []],
  ])('%j', (command, argv) => {
    expect(splitCommand(command)).toEqual(argv);
  });

  test('an unterminated quote is an error naming the quote', () => {
    expect(() => splitCommand(`node "x.mjs`)).toThrow(CommandSyntaxError);
    expect(() => splitCommand(`node 'x.mjs`)).toThrow(`unterminated ' quote`);
  });
});
