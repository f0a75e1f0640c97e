# bash completion for bodywork(1).  Installed as
# share/bash-completion/completions/bodywork; or source it from ~/.bashrc.
#
# Commands and options are read from the program's own --help, so they never
# drift from it; entity ids come from "bodywork list KIND --ids" on the same
# corpus (--corpus, --layer, --cache) as the command line being completed.

# The commands, from the "Commands:" part of --help.
_bodywork_commands()
{
    "$_bodywork_prog" --help 2>/dev/null |
        sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# The options of a command (or the common ones) from its --help; with "="
# first, only those that take a value.
_bodywork_options()
{
    local pattern='s/^  \(--[a-z][a-z-]*\).*/\1/p'
    if [[ $1 == = ]]; then
        shift
        pattern='s/^  \(--[a-z][a-z-]*\) [A-Z].*/\1/p'
    fi
    "$_bodywork_prog" "$@" --help 2>/dev/null | sed -n "$pattern"
}

# The ids of one kind (or of every kind) in the corpus being completed.
_bodywork_ids()
{
    "$_bodywork_prog" "${_bodywork_corpus[@]}" list "$@" --ids 2>/dev/null
}

_bodywork()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local cmd="" i word words="" valued
    _bodywork_prog=${COMP_WORDS[0]}
    _bodywork_corpus=()

    # Find the command, skipping option values, and keep the corpus options.
    valued=" $(_bodywork_options = | tr '\n' ' ') "
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ $word == --corpus || $word == --layer || $word == --cache ]]; then
            _bodywork_corpus+=("$word" "${COMP_WORDS[i+1]}")
        fi
        if [[ $valued == *" $word "* ]]; then
            ((i++))
        elif [[ $word != -* && -z $cmd ]]; then
            cmd=$word
            valued=" $(_bodywork_options = "$cmd" | tr '\n' ' ') "
        fi
    done

    case $prev in
        --corpus|--layer|--output|-o)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --cache)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur"))
            return ;;
        --kind) words="source muscle technique condition symptom site group" ;;
        --evidence) words="established practice tradition anecdote disputed" ;;
        --condition) words=$(_bodywork_ids condition) ;;
        --target) words=$(_bodywork_ids muscle) ;;
        --causes) words=$(_bodywork_ids symptom) ;;
        --contact) words=$(_bodywork_ids site) ;;
        *)
            # another option that takes a value: nothing to offer
            [[ $prev == --* && $valued == *" $prev "* ]] && return ;;
    esac

    if [[ -n $words ]]; then
        :
    elif [[ $cur == -* ]]; then
        words=$(_bodywork_options $cmd)
    elif [[ -z $cmd || $cmd == help ]]; then
        words="$(_bodywork_commands) help"
    else
        case $cmd in
            show|graph) words=$(_bodywork_ids) ;;
            plan) words=$(_bodywork_ids muscle) ;;
            list) words="source muscle technique condition symptom site group all" ;;
            screen) words=--condition ;;
            validate|compile)
                compopt -o filenames 2>/dev/null
                COMPREPLY=($(compgen -f -- "$cur"))
                return ;;
        esac
    fi
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _bodywork bodywork
