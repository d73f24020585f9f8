export const files = {
  unsafe_symlink: '{path} is a symbolic link; teachops never reads, writes or truncates through a link under its folders.',
  unsafe_symlink_hint: 'Remove the link (`rm {path}`) and let teachops create a plain file; check who created it.',
  unsafe_not_regular: '{path} is not a regular file (a FIFO, socket or device).',
  unsafe_not_regular_hint: 'Remove it (`rm {path}`); teachops creates the file it needs.',
  unsafe_not_directory: '{path} should be a folder but is not.',
  unsafe_not_directory_hint: 'Move it aside (`mv {path} {path}.old`); teachops creates the folder.',
  unsafe_foreign_owner: '{path} belongs to another user; teachops will not write into it.',
  unsafe_foreign_owner_hint: 'Give it to the user teachops runs as (`chown`), or remove it and let teachops create it.',
  unsafe_loose_mode: '{path} can be written by other users.',
  unsafe_loose_mode_hint: 'Tighten it: `chmod go-w {path}`.',
};
