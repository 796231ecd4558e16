using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Stores;

namespace Portal.Data.Tests;

public sealed class TokenStoreTests : DatabaseTestBase
{
    private TokenStore Tokens => new(Database.Factory, Time);

    [Fact]
    public async Task Validate_FreshToken_ReturnsOwner()
    {
        var user = await AddUserAsync("alice");
        var (id, secret) = await Tokens.CreateAsync(user.Id, "ci", readOnly: true, expiresAt: null, Token);

        var owner = await Tokens.ValidateAsync(secret, Token);

        Assert.StartsWith(TokenStore.Prefix, secret, StringComparison.Ordinal);
        Assert.Equal(new TokenOwner(id, user.Id, "alice", true, user.SecurityStamp!), owner);
    }

    [Fact]
    public async Task Create_Secret_NeverStored()
    {
        var user = await AddUserAsync("alice");

        var (id, secret) = await Tokens.CreateAsync(user.Id, "ci", readOnly: false, expiresAt: null, Token);

        await using var db = await Database.Factory.CreateDbContextAsync(Token);
        var row = await db.AccessTokens.SingleAsync(t => t.Id == id, Token);
        Assert.NotEqual(secret, row.Hash);
        Assert.DoesNotContain(secret[TokenStore.Prefix.Length..], row.Hash, StringComparison.Ordinal);
        Assert.Equal(64, row.Hash.Length);
        Assert.Equal(Start.UtcDateTime, row.CreatedAt);
    }

    [Fact]
    public async Task Validate_AfterRevoke_Null()
    {
        var user = await AddUserAsync("alice");
        var (id, secret) = await Tokens.CreateAsync(user.Id, "ci", readOnly: false, expiresAt: null, Token);

        Assert.True(await Tokens.RevokeAsync(user.Id, id, Token));

        Assert.Null(await Tokens.ValidateAsync(secret, Token));
        Assert.False(await Tokens.RevokeAsync(user.Id, id, Token));
        var listed = Assert.Single(await Tokens.ListAsync(user.Id, Token));
        Assert.True(listed.Revoked);
        Assert.Equal(Start.UtcDateTime, listed.RevokedAt);
    }

    [Fact]
    public async Task Revoke_SomeoneElsesToken_FalseAndStillValid()
    {
        var alice = await AddUserAsync("alice");
        var mallory = await AddUserAsync("mallory");
        var (id, secret) = await Tokens.CreateAsync(alice.Id, "ci", readOnly: false, expiresAt: null, Token);

        Assert.False(await Tokens.RevokeAsync(mallory.Id, id, Token));

        Assert.NotNull(await Tokens.ValidateAsync(secret, Token));
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(60, false)]
    [InlineData(61, false)]
    public async Task Validate_AroundExpiry_ValidOnlyBefore(int minutesLater, bool valid)
    {
        var user = await AddUserAsync("alice");
        var (_, secret) = await Tokens.CreateAsync(user.Id, "short", readOnly: false, Start.UtcDateTime.AddHours(1), Token);

        Time.Advance(TimeSpan.FromMinutes(minutesLater));

        Assert.Equal(valid, await Tokens.ValidateAsync(secret, Token) is not null);
    }

    [Fact]
    public async Task Validate_DisabledUser_Null()
    {
        var user = await AddUserAsync("alice", disabled: true);
        var (_, secret) = await Tokens.CreateAsync(user.Id, "ci", readOnly: false, expiresAt: null, Token);

        Assert.Null(await Tokens.ValidateAsync(secret, Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ptl_")]
    [InlineData("ptl_0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-token")]
    public async Task Validate_UnknownOrMalformed_Null(string secret)
    {
        await AddUserAsync("alice");

        Assert.Null(await Tokens.ValidateAsync(secret, Token));
    }

    [Fact]
    public async Task Validate_IssuedSecretWithoutPrefixOrTooLong_Null()
    {
        var user = await AddUserAsync("alice");
        var (_, secret) = await Tokens.CreateAsync(user.Id, "ci", readOnly: false, expiresAt: null, Token);

        Assert.Null(await Tokens.ValidateAsync(secret[TokenStore.Prefix.Length..], Token));
        Assert.Null(await Tokens.ValidateAsync(secret + new string('0', 128), Token));
        Assert.Null(await Tokens.ValidateAsync(secret.ToUpperInvariant(), Token));
    }

    [Fact]
    public async Task Validate_RepeatedWithinAMinute_LastUsedWrittenOncePerMinute()
    {
        var user = await AddUserAsync("alice");
        var (id, secret) = await Tokens.CreateAsync(user.Id, "ci", readOnly: false, expiresAt: null, Token);

        await Tokens.ValidateAsync(secret, Token);
        var first = await LastUsedAsync(id);
        Time.Advance(TimeSpan.FromSeconds(30));
        await Tokens.ValidateAsync(secret, Token);
        var second = await LastUsedAsync(id);
        Time.Advance(TimeSpan.FromSeconds(31));
        await Tokens.ValidateAsync(secret, Token);
        var third = await LastUsedAsync(id);

        Assert.Equal(Start.UtcDateTime, first);
        Assert.Equal(first, second);
        Assert.Equal(Start.UtcDateTime.AddSeconds(61), third);
    }

    [Fact]
    public async Task List_SeveralTokens_NewestFirstRevokedMarked()
    {
        var user = await AddUserAsync("alice");
        var other = await AddUserAsync("bob");
        var (oldId, _) = await Tokens.CreateAsync(user.Id, "old", readOnly: false, expiresAt: null, Token);
        Time.Advance(TimeSpan.FromMinutes(1));
        var (revokedId, _) = await Tokens.CreateAsync(user.Id, "revoked", readOnly: false, expiresAt: null, Token);
        Time.Advance(TimeSpan.FromMinutes(1));
        var (newId, _) = await Tokens.CreateAsync(user.Id, "new", readOnly: false, expiresAt: null, Token);
        await Tokens.CreateAsync(other.Id, "bobs", readOnly: false, expiresAt: null, Token);
        await Tokens.RevokeAsync(user.Id, revokedId, Token);

        var list = await Tokens.ListAsync(user.Id, Token);

        Assert.Equal([newId, revokedId, oldId], list.Select(t => t.Id));
        Assert.Equal([false, true, false], list.Select(t => t.Revoked));
    }

    [Fact]
    public async Task RevokeAll_OneUser_OnlyTheirTokensStop()
    {
        var alice = await AddUserAsync("alice");
        var bob = await AddUserAsync("bob");
        var (_, a1) = await Tokens.CreateAsync(alice.Id, "a1", readOnly: false, expiresAt: null, Token);
        var (_, a2) = await Tokens.CreateAsync(alice.Id, "a2", readOnly: true, expiresAt: null, Token);
        var (_, b1) = await Tokens.CreateAsync(bob.Id, "b1", readOnly: false, expiresAt: null, Token);

        Assert.Equal(2, await Tokens.RevokeAllAsync(alice.Id, Token));

        Assert.Null(await Tokens.ValidateAsync(a1, Token));
        Assert.Null(await Tokens.ValidateAsync(a2, Token));
        Assert.NotNull(await Tokens.ValidateAsync(b1, Token));
        Assert.Equal(1, await Tokens.RevokeAllAsync(null, Token));
        Assert.Null(await Tokens.ValidateAsync(b1, Token));
    }

    private async Task<DateTime?> LastUsedAsync(int id)
    {
        await using var db = await Database.Factory.CreateDbContextAsync(Token);
        return (await db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == id, Token)).LastUsedAt;
    }

    private async Task<PortalUser> AddUserAsync(string name, bool disabled = false)
    {
        var user = new PortalUser
        {
            UserName = name,
            NormalizedUserName = name.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = Start.UtcDateTime,
            Disabled = disabled,
        };
        await using var db = await Database.Factory.CreateDbContextAsync(Token);
        db.Users.Add(user);
        await db.SaveChangesAsync(Token);
        return user;
    }
}
