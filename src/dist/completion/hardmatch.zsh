# zsh completion for hardmatch: picocli's generated script (hardmatch.bash, beside this file)
# through zsh's bash-completion emulation. Source this file from ~/.zshrc.
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
source "${0:A:h}/hardmatch.bash"
