// Hand-written cases for the gcc cross-check (GccCrossCheck.edgeCases): the corners of C's
// semantics that random programs reach rarely. Each case starts with "// case: NAME", may list its
// inputs ("// input: 5 ints"; default: small values, zeros and the int extremes) and what the
// interpreter must report ("// expect: error" or "timeout"); those examples are not run in C.

// case: wrap-around by doubling
int * func_1(int a[])
{
    int l_0 = 1;
    for (int p_0 = 0; p_0 < 31; p_0++)
        l_0 = l_0 + l_0;
    a[0] = l_0;
    a[1] = l_0 - 1;
    a[2] = -l_0;
    a[3] = l_0 + l_0;
    a[4] = a[4] + 2147483647 + 2147483647;
    return a;
}

// case: wrap-around with big literals and input extremes
int * func_1(int a[])
{
    int l_1 = 2147483647;
    l_1 += 1;
    a[0] = l_1;
    a[1] = a[1] - 2147483647 - 2;
    a[2] = -2147483647 - 1 - a[2];
    --a[3];
    a[3] -= 2147483647;
    a[4]++;
    return a;
}

// case: precedence and associativity
int * func_1(int a[])
{
    a[0] = 1 - 2 - 3;
    a[1] = 1 - (2 - 3) + -4;
    a[2] = 1 < 2 == 1;
    a[3] = 3 > 2 > 1;
    a[4] = 1 || 0 && 0;
    int l_0 = (1 || 0) && 0;
    int l_1 = 2 == 2 != 0;
    int l_2 = !a[0] + 1 - -a[1] - - -3 + +2;
    a[0] = a[0] + l_0 + l_1 - l_2 == 0;
    return a;
}

// case: truthiness and negation
int * func_1(int a[])
{
    int p_0 = 0;
    for (p_0 = 0; p_0 <= 4; p_0++)
    {
        if (!a[p_0])
            a[p_0] = 7;
        else if (a[p_0] - 2)
            a[p_0] = !!a[p_0] - -0;
        else
            a[p_0] = -a[p_0];
    }
    return a;
}

// case: short-circuit keeps an index in range
int * func_1(int a[])
{
    int p_0 = 5;
    if (p_0 < 5 && a[p_0] > 0)
        a[0] = 1;
    if (p_0 >= 5 || a[p_0] > 0)
        a[1] = 1;
    a[2] = p_0 < 5 && a[p_0];
    a[3] = p_0 > 4 || a[p_0 + 7];
    for (int p_1 = 0; p_1 < 7 && a[p_1] != 9; p_1++)
        a[p_1 - 1 + 1]++;
    return a;
}

// case: shadowing in for loops and blocks
int * func_1(int a[])
{
    int p_0 = 0;
    int l_3 = 1;
    for (int p_0 = 1; p_0 <= 2; p_0++)
    {
        int p_0 = 3;
        a[p_0] += l_3;
        l_3++;
    }
    {
        a[1] = p_0 + l_3;
        int l_3 = 4;
        a[2] = l_3;
        {
            int l_3 = 2;
            a[l_3] += l_3;
        }
        a[4] = l_3;
    }
    a[0] = l_3 + p_0;
    return a;
}

// case: declarations in a loop body start again every iteration
int * func_1(int a[])
{
    for (int p_0 = 0; p_0 <= 4; p_0++)
    {
        int l_0 = a[p_0];
        int l_1 = l_0 + 1;
        l_0 += l_1;
        a[p_0] = l_0;
    }
    return a;
}

// case: continue and break
int * func_1(int a[])
{
    int p_0 = 0;
    for (p_0 = 0; p_0 <= 4; p_0++)
    {
        if (a[p_0] < 0)
            continue;
        if (a[p_0] > 3)
            break;
        a[p_0] = a[p_0] + 1;
    }
    a[0] = p_0;
    for (int p_1 = 4; p_1 >= 0; --p_1)
    {
        for (int p_2 = 0; p_2 < 5; p_2++)
        {
            if (p_2 > p_1)
                break;
            if (p_2 == 1)
                continue;
            a[p_1] -= 1;
        }
        if (p_1 == 2)
            continue;
        a[p_1]++;
    }
    return a;
}

// case: else-if chains and dangling else with braces
int * func_1(int a[])
{
    for (int p_0 = 0; p_0 <= 4; p_0++)
        if (a[p_0] < -2)
            a[p_0] = -2;
        else if (a[p_0] < 0)
            a[p_0] = 0;
        else if (a[p_0] == 0)
            a[p_0]++;
        else
            a[p_0]--;
    if (a[0] > 0)
    {
        if (a[1] > 0)
            a[2] = 9;
    }
    else
        a[3] = 8;
    if (a[4] >= 0)
        if (a[4] > 100)
            a[4] = 5;
        else
            a[4] = 6;
    return a;
}

// case: descending loops with strict bounds and prefix updates
int * func_1(int a[])
{
    int p_0 = 9;
    for (p_0 = 4; p_0 > 0; --p_0)
        a[p_0] = a[p_0] + a[p_0 - 1];
    for (int p_1 = 0; p_1 < 5; ++p_1)
        a[p_1] -= p_1;
    a[0] = a[0] - p_0;
    return a;
}

// case: early return inside a loop
int * func_1(int a[])
{
    for (int p_0 = 0; p_0 <= 4; p_0++)
    {
        if (a[p_0] == 0)
            return a;
        a[p_0] = a[p_0] + 1;
    }
    a[0] = 9;
    return a;
}

// case: index expressions
int * func_1(int a[])
{
    int l_0 = 1;
    a[l_0 + 1] = a[4 - l_0] + a[(l_0)];
    ++a[l_0 - 1];
    a[l_0 + l_0 + l_0]--;
    a[a[0] > 0] += 5;
    return a;
}

// case: an index past the end
// expect: error
int * func_1(int a[])
{
    a[5] = 1;
    return a;
}

// case: a negative index
// expect: error
int * func_1(int a[])
{
    int p_0 = 0;
    a[p_0 - 1]--;
    return a;
}

// case: a loop running off the list
// expect: error
int * func_1(int a[])
{
    for (int p_0 = 0; p_0 <= 5; p_0++)
        a[p_0] = 0;
    return a;
}

// case: an index taken from the input
// input: 0 1 2 3 4
// input: 4 0 0 0 0
// input: -1 0 0 0 0
// input: 5 0 0 0 0
// input: 2147483647 0 0 0 0
int * func_1(int a[])
{
    a[a[0]] = 7;
    return a;
}

// case: a loop that never ends
// expect: timeout
int * func_1(int a[])
{
    for (int p_0 = 0; p_0 <= 4; p_0++)
        p_0--;
    return a;
}
